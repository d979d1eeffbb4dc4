package dev.berth.functions.endpoint;

import dagger.Component;
import javax.inject.Singleton;

/** Wires the endpoint function: only the invoker of the other functions. */
@Singleton
@Component(modules = EndpointModule.class)
interface EndpointComponent {
  Invoker invoker();
}
