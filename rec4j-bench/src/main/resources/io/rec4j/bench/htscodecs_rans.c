/*
 * Baseline driver for rec4j's rANS benchmark: times htscodecs' rans4x16 order-0 coder (the scalar 4-way
 * variant, and the 32-way variant with whatever SIMD this CPU has) on one input file.
 * Build: cc -O2 -o htscodecs-rans htscodecs_rans.c -lhtscodecs
 * Usage: htscodecs-rans FILE SECONDS
 * Prints one line per variant: name encode_MBps decode_MBps compressed_bytes (MB = 10^6 bytes of input).
 * Every decode is checked against the input.
 */
#include <htscodecs/rANS_static4x16.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int run(const char *name, unsigned char *in, unsigned int n, int order, int cpu, double seconds) {
    rans_set_cpu(cpu);
    unsigned int bound = rans_compress_bound_4x16(n, order);
    unsigned char *comp = malloc(bound);
    unsigned char *back = malloc(n);
    unsigned int clen = 0;
    long reps = 0;
    double t0 = now(), t1;
    do {
        clen = bound;
        if (!rans_compress_to_4x16(in, n, comp, &clen, order)) {
            fprintf(stderr, "%s: compression failed\n", name);
            return 1;
        }
        reps++;
        t1 = now();
    } while (t1 - t0 < seconds);
    double enc = (double) n * reps / (t1 - t0) / 1e6;
    reps = 0;
    t0 = now();
    do {
        unsigned int blen = n;
        if (!rans_uncompress_to_4x16(comp, clen, back, &blen) || blen != n || memcmp(back, in, n) != 0) {
            fprintf(stderr, "%s: decoded bytes differ from the input\n", name);
            return 1;
        }
        reps++;
        t1 = now();
    } while (t1 - t0 < seconds);
    double dec = (double) n * reps / (t1 - t0) / 1e6;
    printf("%s %.1f %.1f %u\n", name, enc, dec, clen);
    free(comp);
    free(back);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s FILE SECONDS\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *in = malloc(n > 0 ? n : 1);
    if (fread(in, 1, n, f) != (size_t) n) {
        perror(argv[1]);
        return 2;
    }
    fclose(f);
    double seconds = atof(argv[2]);
    int all = RANS_CPU_ENC_SSE4 | RANS_CPU_ENC_AVX2 | RANS_CPU_ENC_AVX512
            | RANS_CPU_DEC_SSE4 | RANS_CPU_DEC_AVX2 | RANS_CPU_DEC_AVX512;
    return run("rans4x16-scalar", in, (unsigned int) n, 0, 0, seconds)
            || run("rans32x16-simd", in, (unsigned int) n, RANS_ORDER_X32, all, seconds);
}
