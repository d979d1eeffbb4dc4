package dev.berth.benchmarks.coldstart;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the Lambda runtime does in a new execution environment, in a fresh JVM with a function's own
 * shaded jar on the class path: load the handler class by name, construct it (the function's init),
 * read the sample event into the handler's input type, and invoke it once. Prints one line,
 * {@code coldstart init_ms=... invoke_ms=... answer=...}, that {@link ColdStartBenchmark} reads.
 *
 * <p>Only the JDK is referenced: this class is put in a jar of its own next to the function's, and the
 * JSON binding (Jackson, as the runtime's serializer does it) comes from the function's jar by name.
 */
public final class ColdStartProbe {
  private ColdStartProbe() {}

  public static void main(String[] args) throws Exception {
    String handlerName = args[0];
    byte[] event = Files.readAllBytes(Path.of(args[1]));
    long start = System.nanoTime();
    Class<?> type = Class.forName(handlerName);
    Object handler = type.getConstructor().newInstance();
    long constructed = System.nanoTime();
    String answer = invoke(handler, event);
    long answered = System.nanoTime();
    System.out.println("coldstart init_ms=" + (constructed - start) / 1_000_000.0 + " invoke_ms="
        + (answered - constructed) / 1_000_000.0 + " answer=" + answer.replaceAll("\\s+", " "));
    System.out.flush();
    // exit (not halt) so that a training run's -XX:ArchiveClassesAtExit writes its archive
    System.exit(0);
  }

  private static String invoke(Object handler, byte[] event) throws Exception {
    Class<?> stream = load("com.amazonaws.services.lambda.runtime.RequestStreamHandler");
    if (stream.isInstance(handler)) {
      Method handle = stream.getMethod("handleRequest", java.io.InputStream.class, java.io.OutputStream.class,
          load("com.amazonaws.services.lambda.runtime.Context"));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handle.invoke(handler, new ByteArrayInputStream(event), out, null);
      return summary(out.toString(StandardCharsets.UTF_8));
    }
    Class<?> requestHandler = load("com.amazonaws.services.lambda.runtime.RequestHandler");
    Class<?> input = inputType(handler.getClass(), requestHandler);
    Object mapper = mapper();
    Object request = mapper.getClass().getMethod("readValue", byte[].class, Class.class).invoke(mapper, event, input);
    Object response = requestHandler.getMethod("handleRequest", Object.class,
        load("com.amazonaws.services.lambda.runtime.Context")).invoke(handler, request, null);
    return summary(String.valueOf(mapper.getClass().getMethod("writeValueAsString", Object.class)
        .invoke(mapper, response)));
  }

  /** The status code of an HTTP answer, or the first characters of any other. */
  private static String summary(String json) {
    java.util.regex.Matcher status = java.util.regex.Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)").matcher(json);
    if (status.find()) {
      java.util.regex.Matcher type = java.util.regex.Pattern.compile("__type\\\\?\"\\s*:\\s*\\\\?\"([A-Za-z]+)")
          .matcher(json);
      return "http-" + status.group(1) + (type.find() ? "-" + type.group(1) : "");
    }
    return json.length() > 80 ? json.substring(0, 80) : json;
  }

  private static Class<?> inputType(Class<?> handler, Class<?> requestHandler) {
    for (Type generic : handler.getGenericInterfaces()) {
      if (generic instanceof ParameterizedType p && p.getRawType() == requestHandler) {
        Type argument = p.getActualTypeArguments()[0];
        return argument instanceof ParameterizedType pa ? (Class<?>) pa.getRawType() : (Class<?>) argument;
      }
    }
    throw new IllegalArgumentException(handler + " is not a RequestHandler");
  }

  /** Jackson from the function's jar, lenient the way the Lambda runtime's event binding is. */
  private static Object mapper() throws Exception {
    Class<?> mapperType = load("com.fasterxml.jackson.databind.ObjectMapper");
    Object mapper = mapperType.getConstructor().newInstance();
    Class<?> mapperFeature = load("com.fasterxml.jackson.databind.MapperFeature");
    Class<?> deserialization = load("com.fasterxml.jackson.databind.DeserializationFeature");
    mapperType.getMethod("configure", mapperFeature, boolean.class)
        .invoke(mapper, enumValue(mapperFeature, "ACCEPT_CASE_INSENSITIVE_PROPERTIES"), true);
    mapperType.getMethod("configure", deserialization, boolean.class)
        .invoke(mapper, enumValue(deserialization, "FAIL_ON_UNKNOWN_PROPERTIES"), false);
    return mapper;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumValue(Class<?> type, String name) {
    return Enum.valueOf((Class) type, name);
  }

  private static Class<?> load(String name) throws ClassNotFoundException {
    return Class.forName(name);
  }
}
