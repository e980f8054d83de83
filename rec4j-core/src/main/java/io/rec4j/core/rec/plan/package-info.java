/**
 * Block planning and block-wise coding of high-dimensional posteriors (spec {@code rec-algorithms.md} §2.5 and §10
 * items 4–5; {@code combiner-recombiner.md} §1.5–1.7).
 *
 * <ul>
 *   <li>{@link io.rec4j.core.rec.plan.BlockPlan}: an immutable partition of the dimension indices into blocks, with
 *       a versioned, checksummed binary form for model files.</li>
 *   <li>{@link io.rec4j.core.rec.plan.KlBudgetPlanner} (COMBINER/RECOMBINER greedy KL-budget grouping) and
 *       {@link io.rec4j.core.rec.plan.FixedSizePlanner} (MIRACLE fixed-size random blocks), both driven by a
 *       {@link io.rec4j.core.rec.plan.SeededPermutation}.</li>
 *   <li>{@link io.rec4j.core.rec.plan.BlockCoder}: codes a diagonal Gaussian posterior block by block with any
 *       {@link io.rec4j.core.rec.ChannelSimulator}, in descending-KL or plan order, with a progressive-coding
 *       callback and a fixed-budget fallback for blocks whose density ratio is unbounded.</li>
 * </ul>
 */
package io.rec4j.core.rec.plan;
