package dev.odyssey.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** A module's provider as the launcher sees it: registered in this test's META-INF/services. */
public final class EchoCommands implements SubcommandProvider {
  @Override
  public List<String> names() {
    return List.of("echo");
  }

  @Override
  public Object create(String name) {
    return new Echo();
  }

  @Command(name = "echo", mixinStandardHelpOptions = true, description = "Prints its arguments.")
  static final class Echo implements Callable<Integer> {
    @Parameters(arity = "1..*")
    List<String> words;

    @Override
    public Integer call() {
      if (words.contains("fail")) {
        throw new UsageException("'fail' makes no sense here");
      }
      System.out.println(String.join(" ", words));
      return 0;
    }
  }
}
