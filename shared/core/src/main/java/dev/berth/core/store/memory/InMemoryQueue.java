package dev.berth.core.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A standard SQS queue on a (virtual) clock: a message becomes visible after its delay; a receive
 * hands out visible messages, each with a new receipt handle, and hides them for the visibility
 * timeout; a delete needs the latest handle of the message; a message not deleted in time is
 * delivered again, and after {@code maxReceives} receives it moves to the dead letters (the
 * redrive policy). What a test or simulation cannot get from a real queue, it can inject: copies
 * of a message (SQS delivers at least once), extra delays, and the order of delivery (FIFO, or
 * chosen by a seeded {@link RandomGenerator}).
 */
public final class InMemoryQueue {
  /** The faults a queue applies to what is sent to it. */
  public interface Faults {
    /** How many copies of a sent message the queue holds (more than 1: a duplicate delivery). */
    default int copies(String body) {
      return 1;
    }

    /** Delay added to a sent message's own. */
    default Duration extraDelay(String body) {
      return Duration.ZERO;
    }

    Faults NONE = new Faults() {};
  }

  /** A received message: what a Lambda SQS event record carries. */
  public record Received(String messageId, String receiptHandle, String body, int receiveCount, Instant sentAt) {}

  private static final class Message {
    final String id;
    final String body;
    final Instant sentAt;
    final long sequence;
    Instant visibleAt;
    int receives;
    String handle;

    Message(String id, String body, Instant sentAt, long sequence, Instant visibleAt) {
      this.id = id;
      this.body = body;
      this.sentAt = sentAt;
      this.sequence = sequence;
      this.visibleAt = visibleAt;
    }
  }

  private final String name;
  private final Clock clock;
  private final Faults faults;
  private final RandomGenerator order;
  private final int maxReceives;
  private final List<Message> messages = new ArrayList<>();
  private final List<Received> deadLetters = new ArrayList<>();
  private long sequence;
  private long handles;

  /** A queue that delivers in send order (among visible messages), with the template's redrive after 5 receives. */
  public InMemoryQueue(String name, Clock clock) {
    this(name, clock, Faults.NONE, null, 5);
  }

  /**
   * @param order picks which visible messages a receive returns; null for oldest first
   * @param maxReceives receives after which a message moves to the dead letters
   */
  public InMemoryQueue(String name, Clock clock, Faults faults, RandomGenerator order, int maxReceives) {
    this.name = name;
    this.clock = clock;
    this.faults = faults;
    this.order = order;
    this.maxReceives = maxReceives;
  }

  public String name() {
    return name;
  }

  /** Sends one message visible after {@code delay}; returns its id (of the first copy). */
  public synchronized String send(String body, Duration delay) {
    Instant now = clock.instant();
    Instant visibleAt = now.plus(delay).plus(faults.extraDelay(body));
    int copies = Math.max(1, faults.copies(body));
    String firstId = null;
    for (int i = 0; i < copies; i++) {
      long seq = ++sequence;
      String id = name + "-" + seq;
      messages.add(new Message(id, body, now, seq, visibleAt));
      if (firstId == null) {
        firstId = id;
      }
    }
    return firstId;
  }

  /**
   * Receives up to {@code max} messages visible now and hides them for {@code visibility}. A message
   * received more than {@code maxReceives} times goes to the dead letters instead.
   */
  public synchronized List<Received> receive(int max, Duration visibility) {
    Instant now = clock.instant();
    List<Message> visible = new ArrayList<>();
    for (Message m : messages) {
      if (!m.visibleAt.isAfter(now)) {
        visible.add(m);
      }
    }
    List<Received> out = new ArrayList<>();
    while (out.size() < max && !visible.isEmpty()) {
      Message m = visible.remove(order == null ? 0 : order.nextInt(visible.size()));
      if (m.receives >= maxReceives) {
        messages.remove(m);
        deadLetters.add(new Received(m.id, null, m.body, m.receives, m.sentAt));
        continue;
      }
      m.receives++;
      m.handle = m.id + "#" + (++handles);
      m.visibleAt = now.plus(visibility);
      out.add(new Received(m.id, m.handle, m.body, m.receives, m.sentAt));
    }
    return out;
  }

  /**
   * Deletes the message a receipt handle was given for; false if the handle is stale (the message
   * was delivered again since, or is gone), as when SQS refuses it.
   */
  public synchronized boolean delete(String receiptHandle) {
    Optional<Message> m = messages.stream().filter(x -> receiptHandle.equals(x.handle)).findFirst();
    m.ifPresent(messages::remove);
    return m.isPresent();
  }

  /** Makes a received message visible again after {@code timeout} (ChangeMessageVisibility); false if the handle is stale. */
  public synchronized boolean changeVisibility(String receiptHandle, Duration timeout) {
    for (Message m : messages) {
      if (receiptHandle.equals(m.handle)) {
        m.visibleAt = clock.instant().plus(timeout);
        return true;
      }
    }
    return false;
  }

  /** Every message in the queue, visible, delayed or in flight. */
  public synchronized int size() {
    return messages.size();
  }

  /** The messages a receive could return now. */
  public synchronized int visible() {
    Instant now = clock.instant();
    return (int) messages.stream().filter(m -> !m.visibleAt.isAfter(now)).count();
  }

  /** When the next hidden message becomes visible, if any is hidden (what a driver advances its clock to). */
  public synchronized Optional<Instant> nextVisibleAt() {
    Instant now = clock.instant();
    return messages.stream().map(m -> m.visibleAt).filter(t -> t.isAfter(now)).min(Instant::compareTo);
  }

  /** The messages moved to the dead letters, oldest first. */
  public synchronized List<Received> deadLetters() {
    return List.copyOf(deadLetters);
  }
}
