package dev.berth.agent.runtime.docker;

import dev.berth.agent.task.TaskSpec;

/**
 * Docker names of a task's containers and task-scoped volumes: ECS's
 * {@code ecs-<family>-<revision>-<name>-<suffix>}, with the task id as the suffix so that one
 * container can name another of its task (links, volumesFrom) and a name never repeats.
 */
final class DockerNames {

  static String container(TaskSpec task, String container) {
    return clean("ecs-" + task.family() + "-" + task.revision() + "-" + container + "-" + task.taskId());
  }

  static String taskVolume(TaskSpec task, String volume) {
    return clean("ecs-" + task.family() + "-" + task.revision() + "-" + volume + "-" + task.taskId());
  }

  private static String clean(String raw) {
    return raw.replaceAll("[^a-zA-Z0-9_.-]", "-");
  }

  private DockerNames() {}
}
