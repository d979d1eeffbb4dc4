package dev.berth.local;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records which Lambda function (the innermost Berth handler on the calling thread's stack) made which
 * AWS call on which table, queue or key. Registered for every SDK client of the test JVM through the
 * SDK's global interceptor list; calls made outside any handler (test set-up) are not recorded.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {
  /** One call: the template's function, the IAM action, and the table, queue or key name. */
  record Call(String function, String action, String resource) {}

  private static final Map<String, String> HANDLERS = Map.of(
      "dev.berth.functions.endpoint.EndpointHandler", "EcsEndpointFunction",
      "dev.berth.functions.registration.RegistrationHandler", "RegistrationFunction",
      "dev.berth.functions.runtask.RunTaskHandler", "RunTaskFunction",
      "dev.berth.functions.reads.ReadsHandler", "ReadsFunction",
      "dev.berth.functions.taskstate.TaskStateHandler", "TaskStateFunction",
      "dev.berth.functions.services.ServicesHandler", "ServicesFunction",
      "dev.berth.functions.reconciler.ReconcilerHandler", "ReconcilerFunction",
      "dev.berth.functions.reconciler.SweepHandler", "SweepFunction");
  static final Set<Call> CALLS = ConcurrentHashMap.newKeySet();
  static volatile boolean recording;

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (!recording) {
      return;
    }
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    String function = null;
    boolean viaEndpoint = false;
    for (StackTraceElement frame : Thread.currentThread().getStackTrace()) {
      String handler = HANDLERS.get(frame.getClassName());
      if (handler != null && function == null) {
        function = handler;
      } else if (handler != null && handler.equals("EcsEndpointFunction")) {
        viaEndpoint = true;
      }
    }
    if (function == null) {
      return;
    }
    if (service.equals("ApiGatewayManagementApi")) {
      // PostToConnection and its siblings are one IAM action, on the WebSocket API
      CALLS.add(new Call(function, "execute-api:ManageConnections", "AgentChannelApi"));
      return;
    }
    String prefix = switch (service) {
      case "DynamoDB" -> "dynamodb:";
      case "SQS" -> "sqs:";
      case "KMS" -> "kms:";
      case "EventBridge" -> "events:";
      case "Elastic Load Balancing v2", "ElasticLoadBalancingV2" -> "elasticloadbalancing:";
      default -> service.toLowerCase(java.util.Locale.ROOT) + ":";
    };
    for (String resource : resources(context.request())) {
      CALLS.add(new Call(function, prefix + operation, resource));
    }
    if (viaEndpoint && !function.equals("EcsEndpointFunction")) {
      // locally the endpoint calls the handler in-process; deployed that is lambda:InvokeFunction
      CALLS.add(new Call("EcsEndpointFunction", "lambda:InvokeFunction", function));
    }
  }

  private static Set<String> resources(SdkRequest request) {
    for (String field : new String[] {"TableName", "QueueUrl", "KeyId"}) {
      var value = request.getValueForField(field, String.class);
      if (value.isPresent()) {
        String name = value.get();
        return Set.of(name.substring(name.lastIndexOf('/') + 1));
      }
    }
    if (request instanceof software.amazon.awssdk.services.eventbridge.model.PutEventsRequest put) {
      Set<String> buses = new java.util.HashSet<>();
      put.entries().forEach(e -> buses.add(e.eventBusName() == null ? "default" : e.eventBusName()));
      return buses;
    }
    var items = request.getValueForField("RequestItems", Map.class);
    if (items.isPresent()) {
      @SuppressWarnings("unchecked")
      Set<String> tables = ((Map<String, ?>) items.get()).keySet();
      return Set.copyOf(tables);
    }
    return Set.of("*");
  }
}
