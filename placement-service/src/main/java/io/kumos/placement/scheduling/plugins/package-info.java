/**
 * The scheduler's plugins, one class each, with upstream's names, semantics and wording: PrioritySort,
 * NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit,
 * NodeResourcesBalancedAllocation, PodTopologySpread, InterPodAffinity, ImageLocality, DefaultPreemption (its
 * verdict only: Kumos does not evict) and DefaultBinder; and Kumos' NodeReady and PreferAvoidPods. Pure except
 * DefaultBinder, which calls the API.
 */
package io.kumos.placement.scheduling.plugins;
