package dev.odyssey.lb.cli;

import dev.odyssey.cli.SubcommandProvider;
import java.util.List;

/**
 * Contributes {@code odyssey lb}, {@code worker} and {@code client} (registered in
 * META-INF/services).
 */
public final class LbSubcommands implements SubcommandProvider {
  @Override
  public List<String> names() {
    return List.of("lb", "worker", "client");
  }

  @Override
  public Object create(String name) {
    return switch (name) {
      case "lb" -> new LbCommand();
      case "worker" -> new WorkerCommand();
      case "client" -> new ClientCommand();
      default -> throw new IllegalArgumentException("not a load-balancer command: " + name);
    };
  }
}
