package dev.berth.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.tags.ResourceTags;
import dev.berth.model.Tag;
import dev.berth.protocol.EcsOperation;
import dev.berth.protocol.Json;
import dev.berth.protocol.Shapes;
import java.util.Map;
import javax.inject.Inject;

/** TagResource, UntagResource and ListTagsForResource (served by the registration function). */
public final class TaggingApi {
  private final ResourceTags tags;

  @Inject
  public TaggingApi(ResourceTags tags) {
    this.tags = tags;
  }

  public Map<String, EcsOperation> operations() {
    return Map.of(
        "TagResource", this::tagResource,
        "UntagResource", this::untagResource,
        "ListTagsForResource", this::listTagsForResource);
  }

  ObjectNode tagResource(Json request) {
    tags.tag(request.requiredString("resourceArn"),
        request.objects("tags", t -> new Tag(t.string("key"), t.string("value"))));
    return Shapes.object();
  }

  ObjectNode untagResource(Json request) {
    tags.untag(request.requiredString("resourceArn"), request.strings("tagKeys"));
    return Shapes.object();
  }

  ObjectNode listTagsForResource(Json request) {
    ObjectNode response = Shapes.object();
    Shapes.tags(response, tags.list(request.requiredString("resourceArn")));
    return response;
  }
}
