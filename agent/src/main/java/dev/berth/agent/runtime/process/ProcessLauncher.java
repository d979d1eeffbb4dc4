package dev.berth.agent.runtime.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The OS tools the process runtime puts in front of a container's command, found once on the
 * agent's PATH:
 * <ul>
 *   <li>{@code setsid}: the container gets its own process group, so whatever it leaves behind when
 *       its main process ends can be killed with it, as Docker kills a container's remaining
 *       processes when its PID 1 exits;
 *   <li>{@code prlimit --as} (else {@code sh -c 'ulimit -v'}): the memory hard limit as an
 *       address-space limit.
 * </ul>
 * Both exec the command, so the container's main process keeps the pid the agent started and
 * receives the agent's signals itself.
 */
public final class ProcessLauncher {
  private final Optional<Path> setsid;
  private final Optional<Path> prlimit;
  private final Optional<Path> shell;
  private final Optional<Path> kill;

  ProcessLauncher(Optional<Path> setsid, Optional<Path> prlimit, Optional<Path> shell, Optional<Path> kill) {
    this.setsid = setsid;
    this.prlimit = prlimit;
    this.shell = shell;
    this.kill = kill;
  }

  public static ProcessLauncher detect(String path) {
    return new ProcessLauncher(find("setsid", path), find("prlimit", path),
        Optional.of(Path.of("/bin/sh")).filter(Files::isExecutable), find("kill", path));
  }

  /** Whether a container's {@code memory} can be enforced on this host. */
  public boolean limitsMemory() {
    return prlimit.isPresent() || shell.isPresent();
  }

  /** The full command that runs {@code argv} in a group of its own under a memory limit (MiB, or null). */
  List<String> command(List<String> argv, Integer memoryMiB) {
    List<String> out = new ArrayList<>();
    setsid.ifPresent(p -> out.add(p.toString()));
    if (memoryMiB != null && memoryMiB > 0) {
      long bytes = memoryMiB * 1024L * 1024L;
      if (prlimit.isPresent()) {
        out.addAll(List.of(prlimit.get().toString(), "--as=" + bytes, "--"));
      } else if (shell.isPresent()) {
        out.addAll(List.of(shell.get().toString(), "-c", "ulimit -v \"$0\" && exec \"$@\"",
            String.valueOf(bytes / 1024)));
      }
    }
    out.addAll(argv);
    return out;
  }

  /** Kills what is left of a container's process group (nothing when it was not given one). */
  void killGroup(long pid) {
    if (setsid.isEmpty() || kill.isEmpty()) {
      return;
    }
    try {
      Process p = new ProcessBuilder(kill.get().toString(), "-9", "--", "-" + pid)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      p.waitFor();
    } catch (IOException e) {
      // the group is most often gone already; nothing to clean up
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Optional<Path> find(String program, String path) {
    for (String dir : (path == null ? "/usr/sbin:/usr/bin:/sbin:/bin" : path).split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return Optional.of(Path.of(dir, program));
      }
    }
    return Optional.empty();
  }
}
