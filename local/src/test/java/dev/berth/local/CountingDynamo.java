package dev.berth.local;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * A DynamoDB client that counts the items each table hands back to the code using it: one per
 * GetItem that found an item, every item a BatchGetItem returned, and every item a Query or Scan
 * examined ({@code ScannedCount}: what DynamoDB reads and charges for, filters and COUNT
 * selects included). The interface's convenience methods (builders, paginators) are run on the
 * counting client itself, so the requests they make are counted too.
 */
final class CountingDynamo implements InvocationHandler {
  private final DynamoDbClient target;
  private final Map<String, LongAdder> itemsRead = new ConcurrentHashMap<>();

  private CountingDynamo(DynamoDbClient target) {
    this.target = target;
  }

  static CountingDynamo wrapping(DynamoDbClient target) {
    return new CountingDynamo(target);
  }

  DynamoDbClient client() {
    return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
        new Class<?>[] {DynamoDbClient.class}, this);
  }

  /** Items read per table since the last reset; then starts afresh. */
  Map<String, Long> reset() {
    Map<String, Long> out = new TreeMap<>();
    itemsRead.forEach((table, n) -> out.put(table, n.sumThenReset()));
    out.values().removeIf(n -> n == 0);
    return out;
  }

  @Override
  public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) throws Throwable {
    // The SDK's interface has default bodies for everything (the real calls throw there); only
    // the conveniences that build a request and call back into the client run here.
    boolean convenience = method.getName().endsWith("Paginator") || args != null && args.length == 1
        && args[0] instanceof java.util.function.Consumer;
    if (convenience) {
      return InvocationHandler.invokeDefault(proxy, method, args);
    }
    Object result;
    try {
      result = method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (result instanceof GetItemResponse r && r.hasItem() && !r.item().isEmpty()) {
      add(((GetItemRequest) args[0]).tableName(), 1);
    } else if (result instanceof QueryResponse r) {
      add(((QueryRequest) args[0]).tableName(), r.scannedCount() != null ? r.scannedCount() : r.count());
    } else if (result instanceof ScanResponse r) {
      add(((ScanRequest) args[0]).tableName(), r.scannedCount() != null ? r.scannedCount() : r.count());
    } else if (result instanceof BatchGetItemResponse r) {
      r.responses().forEach((table, items) -> add(table, items.size()));
    }
    return result;
  }

  private void add(String table, long items) {
    itemsRead.computeIfAbsent(table, t -> new LongAdder()).add(items);
  }
}
