package dev.berth.core.store.memory;

/**
 * What the in-memory stores report of each call, so a simulation can inject faults and count what a
 * run would cost: one call per DynamoDB, SQS or EventBridge request the AWS implementation makes.
 * A write is reported whether its condition held or not (DynamoDB charges a refused conditional
 * write too). Every method may throw: before a write, the write does not happen (a crash or a
 * throttle); after one, it has been applied but the caller never hears of it.
 *
 * <p>{@code store} is the port's simple name ({@code "ContainerInstanceStore"}, {@code "EventBus"},
 * {@code "ReconcileQueue"}...), {@code operation} the port method's. A method that makes several
 * requests reports each: ServiceStore's {@code save} one or two {@code save} writes (the second when
 * a wakeup keeps the lease), {@code eventsSent} likewise; ContainerInstanceStore's {@code holdPorts} a
 * {@code get} read before its write; IdempotencyStore's refused {@code claim} a {@code get} read
 * after it; TaskStore's {@code getAll} one read per 100 ids; EventBus {@code put} and
 * ReconcileQueue {@code sendAll} one write per 10.
 */
public interface StoreHooks {
  /** Before a write is applied; throwing leaves the store unchanged. */
  default void beforeWrite(String store, String operation) {}

  /** After a write was applied (or refused by its condition); throwing hides the outcome from the caller. */
  default void afterWrite(String store, String operation) {}

  /** A read that returned {@code items} items. */
  default void read(String store, String operation, int items) {}

  /** Reports nothing and never throws. */
  StoreHooks NONE = new StoreHooks() {};
}
