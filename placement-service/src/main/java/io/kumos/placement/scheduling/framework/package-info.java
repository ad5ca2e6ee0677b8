/**
 * The scheduling framework: the extension points as one small interface each (queue sort, pre-filter, filter,
 * post-filter, pre-score, score with normalize, reserve, permit, bind), the {@code Status} every plugin answers, the
 * typed views of pods and nodes the plugins read ({@code PodInfo}, {@code NodeInfo}, {@code Snapshot}), and the
 * algorithm that runs a {@code Profile}'s plugins for one pod ({@code SchedulingCycle}) and words its failure
 * ({@code FitError}). Pure: no grid, no API.
 */
package io.kumos.placement.scheduling.framework;
