/**
 * Block planning and block-wise coding of high-dimensional posteriors: a posterior with far more KL than one REC
 * call can carry is split into blocks that each carry about κ bits (Havasi et al., ICLR 2019, arXiv 1810.00440;
 * Guo et al., NeurIPS 2023, arXiv 2305.19185). Details in {@code docs/algorithms.md}, "Block planning".
 *
 * <ul>
 *   <li>{@link io.rec4j.core.rec.plan.BlockPlan}: an immutable partition of the dimension indices into blocks, with
 *       a versioned, checksummed binary form for model files.</li>
 *   <li>{@link io.rec4j.core.rec.plan.KlBudgetPlanner} (COMBINER/RECOMBINER greedy KL-budget grouping) and
 *       {@link io.rec4j.core.rec.plan.FixedSizePlanner} (MIRACLE fixed-size random blocks), both driven by a seeded
 *       permutation of the dimensions.</li>
 *   <li>{@link io.rec4j.core.rec.plan.BlockCoder}: codes a diagonal Gaussian posterior block by block with any
 *       {@link io.rec4j.core.rec.ChannelSimulator}, in descending-KL or plan order, with a progressive-coding
 *       callback and a fixed-budget fallback for blocks whose density ratio is unbounded.</li>
 * </ul>
 */
package io.rec4j.core.rec.plan;
