package dev.berth.agent.runtime.process;

import dev.berth.agent.runtime.ContainerStartException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A container's command line for the process runtime, put together and checked before it runs. */
final class CommandLine {

  /**
   * The argument vector Docker would run: the entry point followed by the command (an image's own
   * defaults do not exist here, so one of the two must be given).
   */
  static List<String> argv(String container, List<String> entryPoint, List<String> command)
      throws ContainerStartException {
    List<String> argv = new ArrayList<>(entryPoint);
    argv.addAll(command);
    if (argv.isEmpty() || argv.get(0).isBlank()) {
      throw new ContainerStartException("CannotStartContainerError: container " + container
          + " has no entryPoint or command to run");
    }
    return argv;
  }

  /**
   * The executable's path, found as exec would find it: a name with a slash as it is (against the
   * working directory), any other name on {@code PATH}. Checking first is what tells a command that
   * does not exist (the task never started) from one that ran and failed.
   */
  static Path executable(String program, String path, Path workingDir) throws ContainerStartException {
    if (program.contains("/")) {
      Path candidate = workingDir.resolve(program);
      if (runnable(candidate)) {
        return candidate;
      }
      throw new ContainerStartException("CannotStartContainerError: exec: \"" + program
          + "\": no such executable file");
    }
    for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (runnable(candidate)) {
        return candidate;
      }
    }
    throw new ContainerStartException("CannotStartContainerError: exec: \"" + program
        + "\": executable file not found in $PATH");
  }

  private static boolean runnable(Path p) {
    return Files.isRegularFile(p) && Files.isExecutable(p);
  }

  private CommandLine() {}
}
