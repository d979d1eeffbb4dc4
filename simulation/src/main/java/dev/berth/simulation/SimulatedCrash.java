package dev.berth.simulation;

/**
 * The process running an operation died at a store write, as a Lambda invocation dies on a timeout
 * or an out-of-memory: nothing after that point runs and the caller sees no answer. An Error, so
 * that no {@code catch (RuntimeException)} in the code under test swallows it as it would swallow a
 * failed call.
 */
public final class SimulatedCrash extends Error {
  public SimulatedCrash(String where) {
    super(where, null, false, false);
  }
}
