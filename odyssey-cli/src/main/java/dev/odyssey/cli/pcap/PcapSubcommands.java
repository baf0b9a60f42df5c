package dev.odyssey.cli.pcap;

import dev.odyssey.cli.SubcommandProvider;
import java.util.List;

/** Contributes {@code odyssey pcap} (registered in META-INF/services). */
public final class PcapSubcommands implements SubcommandProvider {
  @Override
  public List<String> names() {
    return List.of("pcap");
  }

  @Override
  public Object create(String name) {
    return new PcapCommand();
  }
}
