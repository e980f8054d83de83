package io.rec4j.core.container;

import java.util.HexFormat;
import java.util.List;

/** Shared fixtures for the container tests. */
final class ContainerTestData {
    private ContainerTestData() {
    }

    /** The golden container: every field type, a tiny payload. */
    static Container golden() {
        ContainerHeader h = ContainerHeader.builder()
                .putLong("n", 3)
                .putInt("k", -2)
                .putDouble("sigma", 0.5)
                .putString("name", "h\u00e9")
                .putBytes("b", new byte[] {(byte) 0xCA, (byte) 0xFE})
                .build();
        return new Container(MethodId.REC_GAUSSIAN, h, new byte[] {1, 2, 3});
    }

    /** Expected encoding of {@link #golden()}; the CRC was cross-checked with an independent CRC32C. */
    static final String GOLDEN_HEX = "52344A1A" + "0001" + "0001" + "00000045"
            + "0005"
            + "016E01" + "00000008" + "0000000000000003"
            + "016B02" + "00000004" + "FFFFFFFE"
            + "057369676D6103" + "00000008" + "3FE0000000000000"
            + "046E616D6504" + "00000003" + "68C3A9"
            + "016205" + "00000002" + "CAFE"
            + "0000000000000003" + "010203"
            + "760D6350";

    /** Expected encoding of an empty RAW_TEST container. */
    static final String EMPTY_HEX = "52344A1A" + "0001" + "0000" + "00000002" + "0000" + "0000000000000000"
            + "0DEEDEA1";

    static Container empty() {
        return new Container(MethodId.RAW_TEST, ContainerHeader.empty(), new byte[0]);
    }

    /** A few valid containers of different shapes, for truncation and fuzz tests. */
    static List<Container> samples() {
        byte[] payload = new byte[200];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 37 + 11);
        }
        ContainerHeader many = ContainerHeader.builder()
                .putString("model", "gauss-\u65e5\u672c-\uD83D\uDE00")
                .putLong("seed", 0x0123_4567_89AB_CDEFL)
                .putDouble("nan", Double.longBitsToDouble(0x7FF0_0000_0000_0BADL))
                .putDouble("negzero", -0.0)
                .putInt("dims", 64)
                .putBytes("empty", new byte[0])
                .putString("note", "")
                .build();
        return List.of(empty(), golden(),
                new Container(MethodId.MIRACLE, ContainerHeader.empty(), payload),
                new Container(MethodId.of(4711), many, new byte[] {42}));
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }
}
