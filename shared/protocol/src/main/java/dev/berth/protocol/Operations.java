package dev.berth.protocol;

import java.util.Map;

/**
 * Which function serves each ECS operation. The endpoint forwards every operation it does not
 * serve itself to its group's function.
 */
public final class Operations {
  public enum Group { REGISTRATION, RUN_TASK, SERVICES, READS }

  public static final Map<String, Group> GROUPS = Map.ofEntries(
      Map.entry("CreateCluster", Group.REGISTRATION),
      Map.entry("DeleteCluster", Group.REGISTRATION),
      Map.entry("UpdateCluster", Group.REGISTRATION),
      Map.entry("UpdateClusterSettings", Group.REGISTRATION),
      Map.entry("RegisterContainerInstance", Group.REGISTRATION),
      Map.entry("DeregisterContainerInstance", Group.REGISTRATION),
      Map.entry("UpdateContainerInstancesState", Group.REGISTRATION),
      Map.entry("RegisterTaskDefinition", Group.REGISTRATION),
      Map.entry("DeregisterTaskDefinition", Group.REGISTRATION),
      Map.entry("DeleteTaskDefinitions", Group.REGISTRATION),
      Map.entry("SubmitTaskStateChange", Group.REGISTRATION),
      Map.entry("SubmitContainerStateChange", Group.REGISTRATION),
      // Berth's own agent operation (ECS agents keep a websocket session instead); see the README.
      Map.entry("Heartbeat", Group.REGISTRATION),
      Map.entry("PublishTaskHealth", Group.REGISTRATION),
      // tags live on the resources' own items, all of which the registration function may write
      Map.entry("TagResource", Group.REGISTRATION),
      Map.entry("UntagResource", Group.REGISTRATION),
      Map.entry("ListTagsForResource", Group.REGISTRATION),
      Map.entry("PutAttributes", Group.REGISTRATION),
      Map.entry("DeleteAttributes", Group.REGISTRATION),
      Map.entry("ListAttributes", Group.REGISTRATION),
      Map.entry("ListAccountSettings", Group.REGISTRATION),
      Map.entry("PutAccountSetting", Group.REGISTRATION),
      Map.entry("PutAccountSettingDefault", Group.REGISTRATION),
      Map.entry("DeleteAccountSetting", Group.REGISTRATION),
      Map.entry("RunTask", Group.RUN_TASK),
      Map.entry("StartTask", Group.RUN_TASK),
      Map.entry("StopTask", Group.RUN_TASK),
      Map.entry("CreateService", Group.SERVICES),
      Map.entry("UpdateService", Group.SERVICES),
      Map.entry("DeleteService", Group.SERVICES),
      Map.entry("UpdateTaskProtection", Group.SERVICES),
      Map.entry("GetTaskProtection", Group.READS),
      Map.entry("StopServiceDeployment", Group.SERVICES),
      Map.entry("ListServiceDeployments", Group.READS),
      Map.entry("DescribeServiceDeployments", Group.READS),
      Map.entry("DescribeServiceRevisions", Group.READS),
      Map.entry("DescribeServices", Group.READS),
      Map.entry("ListServices", Group.READS),
      Map.entry("DescribeClusters", Group.READS),
      Map.entry("ListClusters", Group.READS),
      Map.entry("DescribeContainerInstances", Group.READS),
      Map.entry("ListContainerInstances", Group.READS),
      Map.entry("DescribeTaskDefinition", Group.READS),
      Map.entry("ListTaskDefinitions", Group.READS),
      Map.entry("ListTaskDefinitionFamilies", Group.READS),
      Map.entry("DescribeTasks", Group.READS),
      Map.entry("ListTasks", Group.READS));

  private Operations() {}
}
