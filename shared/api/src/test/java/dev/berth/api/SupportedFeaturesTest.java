package dev.berth.api;

import dev.berth.json.JsonTrees;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.EcsException;
import dev.berth.protocol.EcsHttp;
import dev.berth.protocol.Json;
import org.junit.jupiter.api.Test;

/** What registration refuses because Berth's agents cannot run it, and the references it checks. */
class SupportedFeaturesTest {

  private static TaskDefinitionRequest parse(String json) throws Exception {
    return TaskDefinitionRequest.parse(new Json((ObjectNode) JsonTrees.read(json.replace('\'', '"')), ""));
  }

  private static String refused(String json) {
    EcsException e = assertThrows(EcsException.class, () -> parse(json));
    assertEquals(400, e.status());
    assertEquals("ClientException", e.code());
    return e.getMessage();
  }

  private static String web(String extra) {
    return "{'name':'web','image':'i','memory':64" + extra + "}";
  }

  @Test
  void awsvpcIsRefused() {
    assertTrue(refused("{'family':'f','networkMode':'awsvpc','containerDefinitions':[" + web("") + "]}")
        .contains("awsvpc"));
  }

  @Test
  void onlyHostPathsAndLocalDockerVolumes() throws Exception {
    String mount = ",'mountPoints':[{'sourceVolume':'v','containerPath':'/d'}]";
    assertTrue(refused("{'family':'f','volumes':[{'name':'v','efsVolumeConfiguration':{'fileSystemId':'fs-1'}}],"
        + "'containerDefinitions':[" + web(mount) + "]}").contains("efsVolumeConfiguration"));
    assertTrue(refused("{'family':'f','volumes':[{'name':'v','fsxWindowsFileServerVolumeConfiguration':{}}],"
        + "'containerDefinitions':[" + web(mount) + "]}").contains("fsxWindowsFileServerVolumeConfiguration"));
    assertTrue(refused("{'family':'f','volumes':[{'name':'v','dockerVolumeConfiguration':{'driver':'rexray'}}],"
        + "'containerDefinitions':[" + web(mount) + "]}").contains("rexray"));
    assertTrue(refused("{'family':'f','volumes':[{'name':'v','dockerVolumeConfiguration':{'scope':'task',"
        + "'autoprovision':true}}],'containerDefinitions':[" + web(mount) + "]}").contains("autoprovision"));
    assertTrue(refused("{'family':'f','containerDefinitions':[" + web(mount) + "]}").contains("'v'"));
    assertDoesNotThrow(() -> parse("{'family':'f','volumes':[{'name':'v','host':{'sourcePath':'/srv'}},"
        + "{'name':'s','dockerVolumeConfiguration':{'scope':'shared','autoprovision':true,'driver':'local'}},"
        + "{'name':'e'}],'containerDefinitions':[" + web(mount) + "]}"));
  }

  @Test
  void onlyJsonFileAndAwslogs() {
    assertTrue(refused("{'family':'f','containerDefinitions':[" + web(",'logConfiguration':{'logDriver':'syslog'}")
        + "]}").contains("syslog"));
    assertDoesNotThrow(() -> parse("{'family':'f','containerDefinitions':["
        + web(",'logConfiguration':{'logDriver':'awslogs','options':{'awslogs-group':'g'}}") + "]}"));
  }

  @Test
  void dependsOnNamesAContainerAndHealthyNeedsAHealthCheck() {
    String side = ",{'name':'side','image':'i','memory':64,'dependsOn':[{'containerName':'web','condition':'%s'}]}";
    assertTrue(refused("{'family':'f','containerDefinitions':[" + web("") + side.formatted("HEALTHY") + "]}")
        .contains("healthCheck"));
    assertTrue(refused("{'family':'f','containerDefinitions':[" + web("") + side.formatted("READY") + "]}")
        .contains("READY"));
    assertTrue(refused("{'family':'f','containerDefinitions':[" + web("")
        + ",{'name':'side','image':'i','memory':64,'volumesFrom':[{'sourceContainer':'nope'}]}]}").contains("nope"));
    assertDoesNotThrow(() -> parse("{'family':'f','containerDefinitions':["
        + web(",'healthCheck':{'command':['CMD','true']}") + side.formatted("HEALTHY") + "]}"));
  }
}
