package dev.berth.model;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Makes ECS-style identifiers: 32 lower-case hex characters. Injected so tests can fix them. */
public interface IdSource {
  String newId();

  static IdSource secureRandom() {
    SecureRandom random = new SecureRandom();
    return () -> {
      byte[] bytes = new byte[16];
      random.nextBytes(bytes);
      return HexFormat.of().formatHex(bytes);
    };
  }
}
