package dev.berth.agent.state;

import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The agent's state in memory, written through to its file on every change. */
public final class StateStore {
  private final StateFile file;
  private AgentState state;

  public StateStore(StateFile file, AgentState initial) {
    this.file = file;
    this.state = initial;
  }

  public synchronized String instanceArn() {
    return state.containerInstanceArn();
  }

  public synchronized void setInstanceArn(String arn) {
    write(state.withInstance(arn));
  }

  public synchronized Map<String, TaskRecord> tasks() {
    return state.tasks();
  }

  public synchronized Optional<TaskRecord> task(String taskArn) {
    return Optional.ofNullable(state.tasks().get(taskArn));
  }

  public synchronized void put(TaskRecord task) {
    write(state.withTask(task));
  }

  /** Applies a change to a known task; returns the task as it is afterwards (empty if unknown). */
  public synchronized Optional<TaskRecord> update(String taskArn, UnaryOperator<TaskRecord> change) {
    TaskRecord current = state.tasks().get(taskArn);
    if (current == null) {
      return Optional.empty();
    }
    TaskRecord next = change.apply(current);
    if (!next.equals(current)) {
      write(state.withTask(next));
    }
    return Optional.of(next);
  }

  public synchronized void remove(String taskArn) {
    if (state.tasks().containsKey(taskArn)) {
      write(state.withoutTask(taskArn));
    }
  }

  private void write(AgentState next) {
    file.save(next);
    state = next;
  }
}
