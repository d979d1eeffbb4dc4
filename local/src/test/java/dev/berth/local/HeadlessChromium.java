package dev.berth.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real browser for the console's tests: Chromium in headless mode, one fresh process and profile per
 * page load, run until the page's virtual time budget is spent (timers run, network waits do not count),
 * then the DOM as the page left it, or a screenshot. {@code infra/browser.sh} installs it.
 */
final class HeadlessChromium {
  private final String binary;

  private HeadlessChromium(String binary) {
    this.binary = binary;
  }

  /** The browser on PATH ({@code BERTH_CHROMIUM}, chromium or chromium-browser), if there is one. */
  static Optional<HeadlessChromium> find() {
    List<String> names = new ArrayList<>();
    String configured = System.getenv("BERTH_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      names.add(configured);
    }
    names.add("chromium");
    names.add("chromium-browser");
    for (String name : names) {
      Path direct = Path.of(name);
      if (direct.isAbsolute() && Files.isExecutable(direct)) {
        return Optional.of(new HeadlessChromium(name));
      }
      for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
          return Optional.of(new HeadlessChromium(Path.of(dir, name).toString()));
        }
      }
    }
    return Optional.empty();
  }

  /** The page's DOM after {@code budgetMillis} of virtual time. */
  String dumpDom(String url, int budgetMillis, int width, int height) throws IOException, InterruptedException {
    return run(url, budgetMillis, width, height, List.of("--dump-dom"), null);
  }

  /** A PNG of the page after {@code budgetMillis} of virtual time. */
  void screenshot(String url, Path file, int budgetMillis, int width, int height)
      throws IOException, InterruptedException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.deleteIfExists(file);
    run(url, budgetMillis, width, height, List.of("--screenshot=" + file.toAbsolutePath(), "--hide-scrollbars"),
        file);
    if (!Files.isRegularFile(file) || Files.size(file) == 0) {
      throw new IOException("chromium wrote no screenshot to " + file);
    }
  }

  private String run(String url, int budgetMillis, int width, int height, List<String> mode, Path output)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("berth-chromium");
    try {
      List<String> command = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
          "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
          "--disable-default-apps", "--disable-sync", "--no-first-run", "--no-default-browser-check",
          "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
          "--virtual-time-budget=" + budgetMillis));
      command.addAll(mode);
      command.add(url);
      Path log = profile.resolve("chromium.log");
      Path stdout = profile.resolve("stdout.html");
      Process process = new ProcessBuilder(command).redirectError(log.toFile()).redirectOutput(stdout.toFile())
          .start();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("chromium did not finish within 90 s");
      }
      if (process.exitValue() != 0) {
        throw new IOException("chromium exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      return Files.readString(stdout, StandardCharsets.UTF_8);
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
