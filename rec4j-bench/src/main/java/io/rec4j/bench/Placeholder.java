package io.rec4j.bench;
import org.openjdk.jmh.annotations.*;
public class Placeholder { @Benchmark public int x() { return 1; } }
