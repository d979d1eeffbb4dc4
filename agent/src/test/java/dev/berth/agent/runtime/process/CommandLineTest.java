package dev.berth.agent.runtime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.runtime.ContainerStartException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
  @TempDir
  Path dir;

  @Test
  void theEntryPointComesFirstThenTheCommand() throws Exception {
    assertEquals(List.of("sh", "-c", "echo hi"), CommandLine.argv("c", List.of("sh", "-c"), List.of("echo hi")));
    assertEquals(List.of("sleep", "2"), CommandLine.argv("c", List.of(), List.of("sleep", "2")));
    assertEquals(List.of("/bin/server"), CommandLine.argv("c", List.of("/bin/server"), List.of()));
  }

  @Test
  void nothingToRunFailsTheContainer() {
    var e = assertThrows(ContainerStartException.class, () -> CommandLine.argv("web", List.of(), List.of()));
    assertTrue(e.getMessage().startsWith("CannotStartContainerError: container web has no entryPoint or command"));
  }

  @Test
  void programsAreFoundOnThePathLikeExecFindsThem() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path tool = executable(bin.resolve("tool"));
    Files.writeString(dir.resolve("bin/readme"), "not executable");
    assertEquals(tool, CommandLine.executable("tool", "/nonexistent:" + bin, dir));
    assertEquals(tool, CommandLine.executable("bin/tool", "", dir), "a name with a slash is a path");
    var missing = assertThrows(ContainerStartException.class, () -> CommandLine.executable("readme", bin.toString(), dir));
    assertEquals("CannotStartContainerError: exec: \"readme\": executable file not found in $PATH", missing.getMessage());
    assertThrows(ContainerStartException.class, () -> CommandLine.executable("./nope", bin.toString(), dir));
  }

  @Test
  void theLauncherPutsTheGroupAndTheMemoryLimitInFrontOfTheCommand() {
    var full = new ProcessLauncher(Optional.of(Path.of("/usr/bin/setsid")), Optional.of(Path.of("/usr/bin/prlimit")),
        Optional.of(Path.of("/bin/sh")), Optional.of(Path.of("/bin/kill")));
    assertEquals(List.of("/usr/bin/setsid", "/usr/bin/prlimit", "--as=67108864", "--", "/bin/sleep", "1"),
        full.command(List.of("/bin/sleep", "1"), 64));
    assertEquals(List.of("/usr/bin/setsid", "/bin/sleep", "1"), full.command(List.of("/bin/sleep", "1"), null));

    var shellOnly = new ProcessLauncher(Optional.empty(), Optional.empty(), Optional.of(Path.of("/bin/sh")),
        Optional.empty());
    assertEquals(List.of("/bin/sh", "-c", "ulimit -v \"$0\" && exec \"$@\"", "65536", "/bin/sleep", "1"),
        shellOnly.command(List.of("/bin/sleep", "1"), 64));
    assertTrue(shellOnly.limitsMemory());

    var bare = new ProcessLauncher(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    assertEquals(List.of("/bin/sleep", "1"), bare.command(List.of("/bin/sleep", "1"), 64));
    assertEquals(false, bare.limitsMemory());
  }

  private static Path executable(Path p) throws Exception {
    Files.writeString(p, "#!/bin/sh\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }
}
