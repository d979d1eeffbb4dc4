package dev.berth.local;

import dev.berth.auth.identity.LocalMasterKey;
import dev.berth.auth.identity.MasterKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

/**
 * The local run's key material: the master key in a file that only its owner can read (the local
 * stand-in for the KMS key), and the keys it derives written in AWS's shared-credentials format, so
 * the AWS CLI uses the administrator's key with {@code --profile berth} (or AWS_PROFILE=berth).
 */
final class LocalCredentials {
  private LocalCredentials() {}

  /** The master key in {@code file}, made (once) when missing. */
  static MasterKey masterKey(Path file) throws IOException {
    if (!Files.exists(file)) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      writePrivate(file, HexFormat.of().formatHex(LocalMasterKey.generate()) + "\n");
    }
    return new LocalMasterKey(HexFormat.of().parseHex(Files.readString(file).strip()));
  }

  /** Writes the profiles {@code berth} (administrator) and {@code berth-agent-bootstrap}. */
  static void write(Path file, String[] administrator, String[] agentBootstrap, String region) {
    String text = "# Written by Berth's local runtime (make run); the keys work against the local endpoint only.\n"
        + profile("berth", administrator, region) + profile("berth-agent-bootstrap", agentBootstrap, region);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      writePrivate(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String profile(String name, String[] key, String region) {
    return "[" + name + "]\naws_access_key_id = " + key[0] + "\naws_secret_access_key = " + key[1] + "\nregion = "
        + region + "\n";
  }

  private static void writePrivate(Path file, String text) throws IOException {
    Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".berth", ".tmp");
    try {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // a file system without POSIX permissions: the directory's own protection applies
    }
    Files.writeString(temp, text);
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
