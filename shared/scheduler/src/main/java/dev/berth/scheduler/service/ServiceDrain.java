package dev.berth.scheduler.service;

import dev.berth.model.service.ServiceStatus;

/**
 * A deleted service (DRAINING): every task still wanted is told to stop, and once none is left
 * pending or running the service becomes INACTIVE.
 */
final class ServiceDrain {

  static void stopAll(Pass pass) {
    pass.tasks().stream().filter(ServiceTask::live).forEach(pass::stop);
    PassEnd.recount(pass, 0);
    if (!pass.stoppedTaskIds().isEmpty()) {
      pass.event(ServiceEvents.stoppedRunningTasks(pass.service().name(), pass.stoppedTaskIds()));
    }
    if (pass.tasks().stream().noneMatch(ServiceTask::present)) {
      pass.service(pass.service().withStatus(ServiceStatus.INACTIVE));
      PassEnd.retireOlder(pass);
    }
  }

  private ServiceDrain() {}
}
