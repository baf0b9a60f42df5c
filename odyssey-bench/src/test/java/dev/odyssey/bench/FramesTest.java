package dev.odyssey.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odyssey.dissect.Dissection;
import dev.odyssey.dissect.Dissector;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

class FramesTest {
  private static String[] benchmarkKinds() throws NoSuchFieldException {
    return FrameKindBench.class.getField("kind").getAnnotation(Param.class).value();
  }

  @Test
  void theBenchmarkParametersAreExactlyTheKnownKinds() throws NoSuchFieldException {
    assertThat(String.join(", ", benchmarkKinds())).isEqualTo(Frames.KINDS);
  }

  @Test
  void everyKindDissectsToWhatScapySays() throws NoSuchFieldException {
    Dissector dissector = new Dissector();
    Dissection d = new Dissection();
    for (String kind : benchmarkKinds()) {
      byte[] frame = Frames.of(kind);
      dissector.dissect(frame, 0, frame.length, 1, d);
      assertThat(d.ipv4Tcp).as(kind).isEqualTo(Frames.ipv4Tcp(kind));
    }
    assertThat(Arrays.stream(benchmarkKinds()).filter(Frames::ipv4Tcp)).hasSize(5);
  }

  @Test
  void anUnknownKindIsRejectedWithTheListOfKnownOnes() {
    assertThatThrownBy(() -> Frames.of("sctp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown frame kind \"sctp\"; known: " + Frames.KINDS);
  }
}
