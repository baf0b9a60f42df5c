package dev.odyssey.cli.values;

import java.time.Duration;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;

/**
 * Lets a command take its defaults from its configuration record (field initialisers such as {@code
 * Duration idleTimeout = LbConfig.DEFAULTS.idleTimeout()}) instead of repeating them in {@code
 * defaultValue} strings, while {@code ${DEFAULT-VALUE}} in help still shows them as users type
 * them: {@code 300us}, not {@code PT0.0003S}. Values of other types keep picocli's rendering. Use
 * with {@code @Command(defaultValueProvider = InitialValueDefaults.class)}.
 */
public final class InitialValueDefaults implements IDefaultValueProvider {
  @Override
  public String defaultValue(ArgSpec arg) {
    // Picocli converts the returned text back with the option's converter: the value stays the
    // same.
    return arg.initialValue() instanceof Duration d ? Durations.format(d) : null;
  }
}
