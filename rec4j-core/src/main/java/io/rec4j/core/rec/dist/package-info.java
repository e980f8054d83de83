/**
 * Distributions for channel simulation: one-dimensional marginals (normal, Laplace, uniform, triangular), products
 * of them ({@link io.rec4j.core.rec.dist.ProductDistribution}), the diagonal Gaussian that codecs use for priors and
 * posteriors ({@link io.rec4j.core.rec.dist.DiagonalGaussian}), and a REC problem
 * ({@link io.rec4j.core.rec.dist.RecProblem}: target Q and coding distribution P with the per-dimension density ratios
 * dQ/dP, their KL, D∞, modes and level sets, closed-form for Gaussian pairs and numerical otherwise).
 */
package io.rec4j.core.rec.dist;
