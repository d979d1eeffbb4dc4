package dev.berth.local;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one event through a stream handler in a JVM of its own, as Lambda's runtime does: the handler
 * class by name, its no-argument constructor, the event's bytes in, the answer's bytes printed. Only
 * the JDK is named here, so a child JVM with a function's shaded jar loads nothing else of this module.
 * Arguments: handler class, event file.
 */
public final class StreamHandlerMain {
  private StreamHandlerMain() {}

  public static void main(String[] args) throws Exception {
    Object handler = Class.forName(args[0]).getConstructor().newInstance();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Class<?> context = Class.forName("com.amazonaws.services.lambda.runtime.Context");
    handler.getClass().getMethod("handleRequest", java.io.InputStream.class, java.io.OutputStream.class, context)
        .invoke(handler, new ByteArrayInputStream(Files.readAllBytes(Path.of(args[1]))), out, null);
    System.out.println(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    System.exit(0);
  }
}
