package dev.berth.functions.endpoint;

import dev.berth.protocol.Operations;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * Invokes the group's function synchronously with the event exactly as the HTTP API delivered it,
 * and returns its response unchanged. Throws when the function itself failed.
 */
final class LambdaInvoker implements Invoker {
  private final LambdaClient lambda;
  private final Map<Operations.Group, String> functions;

  LambdaInvoker(LambdaClient lambda, Map<Operations.Group, String> functions) {
    this.lambda = lambda;
    this.functions = Map.copyOf(functions);
  }

  @Override
  public byte[] invoke(Operations.Group group, byte[] event) {
    var response = lambda.invoke(b -> b.functionName(functions.get(group))
        .invocationType(InvocationType.REQUEST_RESPONSE)
        .payload(SdkBytes.fromByteArray(event)));
    if (response.functionError() != null) {
      throw new IllegalStateException(group + " function failed: " + response.payload().asUtf8String());
    }
    return response.payload().asByteArray();
  }
}
