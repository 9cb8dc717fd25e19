package io.livelake.app;

import io.livelake.config.ConfigLoader;
import io.livelake.config.Setting;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings a command's own options override, each kept with the option that gave it, so a
 * validation error names the option the user typed.
 */
final class CommandFlags {
  private record Given(String flag, Setting setting, String value) {}

  private final List<Given> given = new ArrayList<>();

  /** Overrides {@code setting} with {@code value} from {@code flag}; an option left out (null) overrides nothing. */
  CommandFlags set(String flag, Setting setting, String value) {
    if (value != null) given.add(new Given(flag, setting, value));
    return this;
  }

  void applyTo(ConfigLoader loader) {
    for (Given g : given) loader.flag(g.setting().key(), g.value(), g.flag());
  }
}
