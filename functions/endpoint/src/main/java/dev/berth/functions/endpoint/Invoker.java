package dev.berth.functions.endpoint;

import dev.berth.protocol.Operations;

/** Runs the function that serves a group of operations on an HTTP API event, raw JSON in and out. */
public interface Invoker {
  byte[] invoke(Operations.Group group, byte[] event);
}
