/*
 * Written for the native check (native-check/README.md), not taken from GraalVM.
 *
 * The image builder compiles a small C program against this header to learn
 * the layout of the struct behind the @CStruct interface
 * com.oracle.svm.core.riscv64.RISCV64LibCHelper$CPUFeatures (svm jar, 25.0.x):
 * one boolean field per CPU feature, all read with
 * @AllowNarrowingCast, so a one-byte char per field is enough. The field
 * names are the interface's method names. Only the layout matters to the
 * check; no code is linked against it. The builder reads the headers of all
 * architectures, whatever the target. DriverArgs.java verifies on every run
 * that the interface still has exactly these fields.
 */
#ifndef NATIVE_CHECK_RISCV64CPUFEATURES_H
#define NATIVE_CHECK_RISCV64CPUFEATURES_H

typedef struct {
    char fI;
    char fM;
    char fA;
    char fF;
    char fD;
    char fC;
    char fV;
} CPUFeatures;

#endif
