package dev.odyssey.loadgen.cli;

import dev.odyssey.cli.SubcommandProvider;
import java.util.List;

/** Contributes {@code odyssey loadgen} (registered in META-INF/services). */
public final class LoadgenSubcommands implements SubcommandProvider {
  @Override
  public List<String> names() {
    return List.of("loadgen");
  }

  @Override
  public Object create(String name) {
    return new LoadgenCommand();
  }
}
