package dev.berth.core.store;

/** The task-state SQS queue that agents' state changes travel through. */
public interface TaskStateQueue {
  /** Sends one message; returns only once SQS has accepted it. */
  String send(String body);
}
