package dev.berth.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.auth.identity.LocalMasterKey;
import dev.berth.auth.identity.MasterKey;
import dev.berth.core.Config;
import dev.berth.functions.endpoint.EndpointHandler;
import dev.berth.functions.endpoint.Endpoints;
import dev.berth.functions.endpoint.Invoker;
import dev.berth.store.AwsModule;
import dev.berth.store.Tables;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What authentication adds to a request at the endpoint: the same DescribeClusters event through
 * the endpoint function with authentication off, then signed with a key the warm function has cached
 * (SigV4 verification and policy evaluation, pure CPU), then signed with a key it has not seen (adding
 * the identity reads from the AWS endpoint). The function behind the endpoint is a stub that answers
 * at once, so the figures are the endpoint's own. Run with {@code make bench-auth}.
 */
public final class AuthBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] ANSWER = "{\"statusCode\":200,\"body\":\"{}\"}".getBytes(StandardCharsets.UTF_8);
  private static final String POLICY = policy();

  public static void main(String[] args) throws Exception {
    int samples = Integer.parseInt(System.getenv().getOrDefault("BENCH_SAMPLES", "2000"));
    URI endpoint = URI.create(System.getenv().getOrDefault("AWS_ENDPOINT_URL", "http://localhost:4566"));
    Config config = Config.withPrefix("bench-auth-" + Long.toHexString(System.nanoTime()), Optional.of(endpoint));
    DynamoDbClient dynamo = AwsModule.dynamoDb(config, AwsModule.httpClient(), AwsModule.credentials());
    new Tables(dynamo, config).createAll();
    try {
      MasterKey master = new LocalMasterKey(LocalMasterKey.generate());
      Invoker stub = (group, event) -> ANSWER;
      EndpointHandler open = new EndpointHandler(config, dynamo, master, Clock.systemUTC(), stub,
          new Endpoints.Settings(false, 0, Duration.ofDays(1)));
      EndpointHandler secured = new EndpointHandler(config, dynamo, master, Clock.systemUTC(), stub,
          new Endpoints.Settings(true, 0, Duration.ofDays(1)));
      String[] key = secured.userWithPolicy("bench", POLICY);
      System.out.printf("DescribeClusters through the endpoint, stub function, %d samples each, %d cores, Java %s%n",
          samples, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
      System.out.printf("policy: 20 statements; identities on %s%n%n", endpoint);
      System.out.printf("%-36s %12s %12s %12s%n", "path", "median µs", "p99 µs", "added µs");
      long[] base = measure(open, key, samples, false, config, dynamo, master, stub);
      report("authentication off", base, null);
      report("signed, key cached (verify + policy)", measure(secured, key, samples, false, config, dynamo, master,
          stub), base);
      report("signed, key not cached (+ 2 GetItem)", measure(secured, key, Math.max(50, samples / 20), true, config,
          dynamo, master, stub), base);
    } finally {
      new Tables(dynamo, config).deleteAll();
    }
  }

  /** Latencies in ns; with {@code fresh}, each sample goes to a new endpoint whose caches are empty. */
  private static long[] measure(EndpointHandler handler, String[] key, int samples, boolean fresh, Config config,
      DynamoDbClient dynamo, MasterKey master, Invoker stub) throws Exception {
    List<byte[]> events = new ArrayList<>();
    for (int i = 0; i < samples + samples / 5; i++) {
      events.add(event(key));
    }
    long[] nanos = new long[samples];
    for (int i = 0; i < events.size(); i++) {
      EndpointHandler target = fresh ? new EndpointHandler(config, dynamo, master, Clock.systemUTC(), stub,
          new Endpoints.Settings(true, 0, Duration.ofDays(1))) : handler;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long start = System.nanoTime();
      target.handleRequest(new ByteArrayInputStream(events.get(i)), out, null);
      long took = System.nanoTime() - start;
      if (!out.toString(StandardCharsets.UTF_8).contains("\"statusCode\":200")) {
        throw new IllegalStateException("refused: " + out);
      }
      if (i >= samples / 5) {
        nanos[i - samples / 5] = took; // the first fifth warms the JIT and is not counted
      }
    }
    Arrays.sort(nanos);
    return nanos;
  }

  private static void report(String path, long[] nanos, long[] base) {
    double median = nanos[nanos.length / 2] / 1000.0;
    double p99 = nanos[(int) (nanos.length * 0.99)] / 1000.0;
    String added = base == null ? "" : String.format(Locale.ROOT, "%.1f", median - base[base.length / 2] / 1000.0);
    System.out.printf(Locale.ROOT, "%-36s %12.1f %12.1f %12s%n", path, median, p99, added);
  }

  /** A DescribeClusters event as API Gateway delivers it, signed now with {@code key}. */
  private static byte[] event(String[] key) throws Exception {
    byte[] body = "{\"clusters\":[\"default\"]}".getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
        .uri(URI.create("https://api.example.com/"))
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .putHeader("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeClusters").build();
    var signed = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create(key[0], key[1]))
        .request(request).payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ecs")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "2.0");
    event.put("rawPath", "/");
    event.put("rawQueryString", "");
    ObjectNode headers = event.putObject("headers");
    signed.request().headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
        String.join(",", values)));
    ObjectNode context = event.putObject("requestContext");
    context.put("requestId", "bench");
    context.putObject("http").put("method", "POST").put("path", "/").put("sourceIp", "127.0.0.1");
    event.put("body", Base64.getEncoder().encodeToString(body));
    event.put("isBase64Encoded", true);
    return JSON.writeValueAsBytes(event);
  }

  /** 20 statements within IAM's 2,048-character quota for a user's policies. */
  private static String policy() {
    StringBuilder statements = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      statements.append("{\"Effect\":\"Deny\",\"Action\":\"ecs:Del*\",\"Resource\":\"arn:aws:ecs:*:*:cluster/p").append(i)
          .append("\"},");
    }
    for (int i = 0; i < 9; i++) {
      statements.append("{\"Effect\":\"Allow\",\"Action\":\"ecs:RunTask\",\"Resource\":\"*\",\"Condition\":"
          + "{\"ArnLike\":{\"ecs:cluster\":\"arn:aws:ecs:*:*:cluster/t").append(i).append("*\"}}},");
    }
    statements.append("{\"Effect\":\"Allow\",\"Action\":[\"ecs:Describe*\",\"ecs:List*\"],\"Resource\":\"*\"}");
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
  }

}
