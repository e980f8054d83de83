/**
 * Relative entropy coding (channel simulation): every method implements
 * {@link io.rec4j.core.rec.ChannelSimulator} (encode a sample of the target Q against the coding distribution P with
 * shared randomness; decode it from the codeword alone), and {@link io.rec4j.core.rec.RecMethod} is the registry
 * that names them, says which are exact and sets their defaults.
 *
 * <ul>
 *   <li>Exact: Poisson functional representation / global-bound A* coding
 *       ({@link io.rec4j.core.rec.PoissonFunctionalRepresentation}), greedy Poisson rejection sampling
 *       ({@link io.rec4j.core.rec.GreedyPoissonRejectionSampling}), space-partitioned PFR
 *       ({@link io.rec4j.core.rec.SpacePartitionedRec}), AS* without a depth limit
 *       ({@link io.rec4j.core.rec.AStarCoding}) and jointly over all dimensions
 *       ({@link io.rec4j.core.rec.JointAStarCoding}), dyadic GPRS ({@link io.rec4j.core.rec.DyadicGprs}), greedy
 *       rejection coding ({@link io.rec4j.core.rec.GreedyRejectionCoding}). None assumes a unimodal density ratio
 *       unless it says so; those that need one refuse other pairs up front
 *       ({@link io.rec4j.core.rec.UnsupportedPairException}).</li>
 *   <li>Approximate, with a fixed budget: minimal and ordered random coding
 *       ({@link io.rec4j.core.rec.OrderedRandomCoding}), budgeted PFR with a total-variation certificate
 *       ({@link io.rec4j.core.rec.BudgetedPfr}), depth-limited A*, space-partitioned ORC, iREC
 *       ({@link io.rec4j.core.rec.IrecCoder}).</li>
 * </ul>
 *
 * <p>The papers, the equations each class implements and the departures are listed in {@code docs/algorithms.md}.
 */
package io.rec4j.core.rec;
