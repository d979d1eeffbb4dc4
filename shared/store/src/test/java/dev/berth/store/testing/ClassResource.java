package dev.berth.store.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Something a test class opens before its first test and closes after its last: a JUnit 5 extension
 * registered as a static field ({@code @RegisterExtension static final ... = ...}). JUnit runs its
 * {@code afterAll} even when a later set-up step (another extension, the class's {@code @BeforeAll})
 * failed, and keeps that first failure as the one reported. {@link #open} must release what it
 * opened itself when it fails part-way ({@link Teardown#open} does that).
 */
public abstract class ClassResource<T extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {
  /** Opens the resource. */
  @FunctionalInterface
  public interface Opener<T> {
    T open() throws Exception;
  }

  private T resource;

  /** A class resource opened by {@code opener} (a local server the tests need beside Berth, say). */
  public static <T extends AutoCloseable> ClassResource<T> of(Opener<T> opener) {
    return new ClassResource<>() {
      @Override
      protected T open() throws Exception {
        return opener.open();
      }
    };
  }

  protected abstract T open() throws Exception;

  /** The open resource, from the class's {@code @BeforeAll} on. */
  public T get() {
    if (resource == null) {
      throw new IllegalStateException("opened before the class's first test, and only if its set-up got that far");
    }
    return resource;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    resource = open();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    T opened = resource;
    resource = null;
    if (opened != null) {
      opened.close();
    }
  }
}
