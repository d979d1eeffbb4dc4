package dev.berth.store;

import dev.berth.core.Config;
import dev.berth.core.store.EventBus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * The EventBridge bus ECS's events go to (the account's default bus unless BERTH_EVENT_BUS names
 * another). The client is built on the first event: a function that changes nothing never makes one.
 */
@Singleton
public final class EventBridgeBus implements EventBus {

  private final Provider<EventBridgeClient> client;
  private final Config.Events events;

  @Inject
  public EventBridgeBus(Provider<EventBridgeClient> client, Config config) {
    this.client = client;
    this.events = config.events();
  }

  @Override
  public void put(List<Event> batch) {
    for (int from = 0; from < batch.size(); from += 10) {
      List<PutEventsRequestEntry> entries = new ArrayList<>();
      for (Event e : batch.subList(from, Math.min(batch.size(), from + 10))) {
        entries.add(PutEventsRequestEntry.builder()
            .eventBusName(events.bus())
            .source(events.source())
            .detailType(e.detailType())
            .resources(e.resource())
            .detail(e.detailJson())
            .time(e.time())
            .build());
      }
      var response = client.get().putEvents(b -> b.entries(entries));
      if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
        var failed = response.entries().stream().filter(r -> r.errorCode() != null).findFirst();
        throw new IllegalStateException("EventBridge refused " + response.failedEntryCount() + " events"
            + failed.map(r -> ": " + r.errorCode() + " " + r.errorMessage()).orElse(""));
      }
    }
  }
}
