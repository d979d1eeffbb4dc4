package dev.berth.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the agent reads about the machine it runs on. */
public record Host(int logicalCpus, long memTotalMiB) {

  public static Host local() {
    try {
      return new Host(Runtime.getRuntime().availableProcessors(),
          memTotalMiB(Files.readString(Path.of("/proc/meminfo"))));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/meminfo to size the instance", e);
    }
  }

  /** MemTotal of a /proc/meminfo text, in MiB (the file gives kB, meaning KiB). */
  static long memTotalMiB(String meminfo) {
    for (String line : meminfo.split("\n")) {
      if (line.startsWith("MemTotal:")) {
        String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
        return Long.parseLong(parts[0]) / 1024;
      }
    }
    throw new IllegalStateException("/proc/meminfo has no MemTotal line");
  }
}
