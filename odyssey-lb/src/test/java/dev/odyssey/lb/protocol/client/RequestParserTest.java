package dev.odyssey.lb.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odyssey.lb.JobType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestParserTest {
  private final List<String> items = new ArrayList<>();
  private final RequestParser.Listener listener =
      new RequestParser.Listener() {
        @Override
        public void onJob(JobType type) {
          items.add(type.name());
        }

        @Override
        public void onBadRequest(String reason) {
          items.add("ERR " + reason);
        }
      };

  private static ByteBuf buf(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  @Test
  void digitsAreJobsAndSeparatorsAreIgnored() {
    RequestParser p = new RequestParser();
    assertThat(p.parse(buf("12, 1\t1\r\n2"), 100, listener)).isEqualTo(5);
    assertThat(items)
        .containsExactly("GET_TIME", "MINE_BITCOIN", "GET_TIME", "GET_TIME", "MINE_BITCOIN");
    assertThat(p.offset()).isEqualTo(10);
  }

  @Test
  void aGarbageRunIsOneErrorHoweverLongAndAcrossReads() {
    RequestParser p = new RequestParser();
    p.parse(buf("1hello"), 100, listener);
    p.parse(buf("world".repeat(1000)), 100, listener);
    p.parse(buf("2\u0000"), 100, listener);
    assertThat(items)
        .containsExactly(
            "GET_TIME",
            "ERR bad request at byte 1: expected a job digit 1 or 2, found 'h' (0x68); skipped up to the next separator or digit",
            "MINE_BITCOIN",
            "ERR bad request at byte 5007: expected a job digit 1 or 2, found 0x00; skipped up to the next separator or digit");
  }

  @Test
  void unknownDigitsAreOneErrorEach() {
    new RequestParser().parse(buf("39"), 100, listener);
    assertThat(items)
        .containsExactly(
            "ERR unknown job type '3' at byte 0: expected 1 (GET_TIME) or 2 (MINE_BITCOIN)",
            "ERR unknown job type '9' at byte 1: expected 1 (GET_TIME) or 2 (MINE_BITCOIN)");
  }

  @Test
  void stopsAtTheBudgetAndLeavesTheRest() {
    RequestParser p = new RequestParser();
    ByteBuf in = buf("1,2,1");
    assertThat(p.parse(in, 2, listener)).isEqualTo(2);
    assertThat(in.toString(StandardCharsets.US_ASCII)).isEqualTo(",1");
    assertThat(p.parse(in, 2, listener)).isEqualTo(1);
    assertThat(items).containsExactly("GET_TIME", "MINE_BITCOIN", "GET_TIME");
  }
}
