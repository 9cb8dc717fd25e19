package io.livelake.app;

import io.livelake.config.ConfigLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Show the effective configuration and where each value came from, or (--keys) every setting with its default.")
final class ConfigCommand implements Callable<Integer> {
  @ParentCommand LiveLakeCli root;

  @Option(names = "--keys", description = "List every setting, its type, default and meaning.")
  boolean keys;

  @Option(names = "--template", description = "Print a conf file documenting every setting at its default.")
  boolean template;

  @Override
  public Integer call() {
    if (template) {
      System.out.print(io.livelake.config.Settings.template());
      return 0;
    }
    if (keys) {
      System.out.print(LiveLakeCli.settingsReference());
      return 0;
    }
    ConfigLoader loader = root.loader(new CommandFlags());
    System.out.print(loader.load().describe());
    return 0;
  }
}
