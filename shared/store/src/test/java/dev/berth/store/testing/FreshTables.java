package dev.berth.store.testing;

import dev.berth.core.Config;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Berth's DynamoDB tables on the emulator for one test class: created before its first test, named
 * {@code <name>-<random>-...}, and deleted after its last, even when a test or a later set-up step
 * fails. Register it as a static field: {@code @RegisterExtension static final FreshTables TABLES =
 * new FreshTables("name");}.
 */
public final class FreshTables implements BeforeAllCallback, AfterAllCallback {
  private final String name;
  private Config config;

  public FreshTables(String name) {
    this.name = name;
  }

  /** The configuration naming the tables (its queue URLs are empty). */
  public Config config() {
    if (config == null) {
      throw new IllegalStateException("the tables are made before the class's first test");
    }
    return config;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    config = Emulator.freshTables(name);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Emulator.drop(config);
    config = null;
  }
}
