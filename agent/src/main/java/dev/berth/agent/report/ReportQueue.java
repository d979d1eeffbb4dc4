package dev.berth.agent.report;

import dev.berth.agent.ecs.EcsError;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * SubmitTaskStateChange delivery as the ECS agent does it: one queue per task, whose reports go out
 * strictly in order with at most one in flight; a failed send is retried with back-off; an
 * {@code InvalidParameterException} drops that report (the control plane will never take it) and
 * the queue moves on. Submitting never waits for the network, so the poll loop is never held up.
 */
public final class ReportQueue {
  private static final Logger LOG = Logger.getLogger(ReportQueue.class.getName());

  /** Sends one report to the control plane. */
  public interface Sender {
    void send(TaskStateReport report) throws EcsError, IOException;
  }

  /** Runs an action after a delay (a scheduler in the agent; a list a test steps through). */
  public interface Delayer {
    void after(Duration delay, Runnable action);
  }

  /** Told when a report leaves its queue: delivered, or dropped as invalid. */
  public interface Outcome {
    void settled(TaskStateReport report, boolean delivered);
  }

  private final Sender sender;
  private final Executor executor;
  private final Delayer delayer;
  private final Backoff backoff;
  private final Outcome outcome;
  /** Per task, the reports not yet settled; the head is the one being sent. */
  private final Map<String, ArrayDeque<TaskStateReport>> queues = new HashMap<>();
  private volatile boolean closed;

  public ReportQueue(Sender sender, Executor executor, Delayer delayer, Backoff backoff, Outcome outcome) {
    this.sender = sender;
    this.executor = executor;
    this.delayer = delayer;
    this.backoff = backoff;
    this.outcome = outcome;
  }

  public void submit(TaskStateReport report) {
    boolean idle;
    synchronized (this) {
      ArrayDeque<TaskStateReport> queue = queues.computeIfAbsent(report.taskArn(), t -> new ArrayDeque<>());
      idle = queue.isEmpty();
      queue.add(report);
    }
    if (idle) {
      dispatch(() -> attempt(report.taskArn(), 0));
    }
  }

  /** True when every report submitted for the task has been delivered or dropped. */
  public synchronized boolean settled(String taskArn) {
    return !queues.containsKey(taskArn);
  }

  /** Stops sending; reports still queued stay undelivered (the state file remembers what was not). */
  public void close() {
    closed = true;
  }

  private void attempt(String taskArn, int attempt) {
    if (closed) {
      return;
    }
    TaskStateReport head;
    synchronized (this) {
      head = queues.get(taskArn).peek();
    }
    try {
      sender.send(head);
      settle(head, true);
    } catch (EcsError e) {
      if (e.is(EcsError.INVALID_PARAMETER)) {
        LOG.warning("dropping " + head.status() + " report of " + taskArn + ": " + e.getMessage());
        settle(head, false);
      } else {
        retry(head, attempt, e);
      }
    } catch (IOException | RuntimeException e) {
      retry(head, attempt, e);
    }
  }

  private void retry(TaskStateReport head, int attempt, Exception cause) {
    Duration delay = backoff.delay(attempt);
    LOG.log(Level.INFO, head.status() + " report of " + head.taskArn() + " failed (" + cause
        + "); retrying in " + delay.toMillis() + " ms");
    try {
      delayer.after(delay, () -> dispatch(() -> attempt(head.taskArn(), attempt + 1)));
    } catch (RejectedExecutionException shuttingDown) {
      // the agent is closing
    }
  }

  private void settle(TaskStateReport head, boolean delivered) {
    boolean more;
    synchronized (this) {
      ArrayDeque<TaskStateReport> queue = queues.get(head.taskArn());
      queue.poll();
      more = !queue.isEmpty();
      if (!more) {
        queues.remove(head.taskArn());
      }
    }
    outcome.settled(head, delivered);
    if (more) {
      dispatch(() -> attempt(head.taskArn(), 0));
    }
  }

  private void dispatch(Runnable action) {
    if (closed) {
      return;
    }
    try {
      executor.execute(action);
    } catch (RejectedExecutionException shuttingDown) {
      // the agent is closing; what was not delivered is in the state file for the next run
    }
  }
}
