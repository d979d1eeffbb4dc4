package dev.berth.store.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks on a function's shaded jar, the one file `sam build` ships: its size, and that the classes
 * minimizing and the SDK model filters left out are not needed by Berth's code in it. Each function
 * module's {@code ShadedJarIT} runs them (see {@link ShadedJarContract}) after {@code package}.
 */
public final class ShadedJar {
  /** The most a function's jar may weigh. */
  public static final long MAX_BYTES = 10_000_000;

  private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([\\w/$]+);");

  private final Path file;

  private ShadedJar(Path file) {
    this.file = file;
  }

  /** The module's {@code target/<artifactId>-*-lambda.jar} (run from the module's folder, as failsafe does). */
  public static ShadedJar of(String artifactId) throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return new ShadedJar(files
          .filter(p -> p.getFileName().toString().startsWith(artifactId + "-")
              && p.getFileName().toString().endsWith("-lambda.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no target/" + artifactId + "-*-lambda.jar: run `mvn package`")));
    }
  }

  public long size() throws IOException {
    return Files.size(file);
  }

  /**
   * The classes that Berth's classes in the jar name (in their constant pools) and that are neither in
   * the jar nor in the JDK, except those of the SDK clients in {@code servicesNotCalled} (their
   * package names under {@code software.amazon.awssdk.services}), which the function leaves out on
   * purpose. Each entry reads {@code missing <- named by}.
   */
  public Set<String> missingClasses(Set<String> servicesNotCalled) throws IOException {
    Set<String> missing = new TreeSet<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Set<String> present = new HashSet<>();
      zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class"))
          .forEach(n -> present.add(n.substring(0, n.length() - 6)));
      ClassLoader jdk = ClassLoader.getPlatformClassLoader();
      for (String name : present) {
        if (!name.startsWith("dev/berth/")) {
          continue;
        }
        try (InputStream in = zip.getInputStream(zip.getEntry(name + ".class"))) {
          for (String named : namedClasses(in)) {
            if (!named.contains("/") || present.contains(named) || jdk.getResource(named + ".class") != null
                || servicesNotCalled.stream().anyMatch(s -> named.startsWith("software/amazon/awssdk/services/" + s + "/"))) {
              continue;
            }
            missing.add(named + " <- " + name);
          }
        }
      }
    }
    return missing;
  }

  /**
   * Loads, links and initialises every one of Berth's classes in the jar with a class loader that
   * sees the jar alone (and the JDK), as the Lambda runtime's would: linking verifies each class, which
   * loads what it must (the exceptions it catches, the types it passes where another is expected).
   * Returns what failed, with the reason, except the classes that fail only for want of a client in
   * {@code servicesNotCalled}: those hold the calls themselves, and the function never loads them.
   */
  public List<String> unlinkableClasses(Set<String> servicesNotCalled) throws IOException {
    List<String> failed = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      zip.stream().map(ZipEntry::getName).filter(n -> n.startsWith("dev/berth/") && n.endsWith(".class"))
          .forEach(n -> names.add(n.substring(0, n.length() - 6).replace('/', '.')));
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {file.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      for (String name : names) {
        try {
          Class.forName(name, true, loader);
        } catch (NoClassDefFoundError e) {
          String missing = String.valueOf(e.getMessage());
          if (servicesNotCalled.stream().noneMatch(s -> missing.startsWith("software/amazon/awssdk/services/" + s + "/"))) {
            failed.add(name + ": " + e);
          }
        } catch (LinkageError | ClassNotFoundException e) {
          failed.add(name + ": " + e);
        }
      }
    }
    return failed;
  }

  /**
   * The internal names of the classes a class file uses: the owners of the fields and methods it
   * refers to, and the classes in its descriptors. (A class entry nothing uses, such as javac leaves
   * for an inlined constant, is not counted: the JVM never loads it.)
   */
  static Set<String> namedClasses(InputStream classFile) throws IOException {
    DataInputStream in = new DataInputStream(classFile);
    in.skipNBytes(8); // magic, minor, major
    int count = in.readUnsignedShort();
    String[] utf = new String[count];
    int[] classNameIndex = new int[count];
    List<Integer> owners = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf[i] = in.readUTF();
        case 7 -> classNameIndex[i] = in.readUnsignedShort();
        case 9, 10, 11 -> {
          owners.add(in.readUnsignedShort());
          in.skipNBytes(2);
        }
        case 8, 16, 19, 20 -> in.skipNBytes(2);
        case 15 -> in.skipNBytes(3);
        case 3, 4, 12, 17, 18 -> in.skipNBytes(4);
        case 5, 6 -> {
          in.skipNBytes(8);
          i++;
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    Set<String> named = new HashSet<>();
    for (int owner : owners) {
      String name = utf[classNameIndex[owner]];
      if (!name.startsWith("[")) {
        named.add(name);
      }
    }
    for (String text : utf) {
      if (text != null && text.indexOf(';') > 0) {
        Matcher m = DESCRIPTOR_CLASS.matcher(text);
        while (m.find()) {
          named.add(m.group(1));
        }
      }
    }
    return named;
  }
}
