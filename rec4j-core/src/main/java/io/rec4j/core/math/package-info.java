/**
 * Special functions for the REC methods and the decoders: erf, erfc and erfcx (Cody, Math. Comp. 1969), Φ, its
 * complement and logarithm, Φ⁻¹ (Wichura, Applied Statistics AS 241, 1988), and the log-domain helpers log1mexp,
 * log1pexp, logaddexp, logsubexp, logsumexp ({@link io.rec4j.core.math.SpecialFunctions}), all in
 * {@link java.lang.StrictMath} so that results are identical on every JVM; and a table-driven logarithm for the
 * encoders' hot loops ({@link io.rec4j.core.math.FastLog}).
 */
package io.rec4j.core.math;
