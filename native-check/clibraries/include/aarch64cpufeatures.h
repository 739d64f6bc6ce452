/*
 * Written for the native check (native-check/README.md), not taken from GraalVM.
 *
 * The image builder compiles a small C program against this header to learn
 * the layout of the struct behind the @CStruct interface
 * com.oracle.svm.core.aarch64.AArch64LibCHelper$CPUFeatures (svm jar, 25.0.x):
 * one boolean field per CPU feature, all read with
 * @AllowNarrowingCast, so a one-byte char per field is enough. The field
 * names are the interface's method names. Only the layout matters to the
 * check; no code is linked against it. The builder reads the headers of all
 * architectures, whatever the target. DriverArgs.java verifies on every run
 * that the interface still has exactly these fields.
 */
#ifndef NATIVE_CHECK_AARCH64CPUFEATURES_H
#define NATIVE_CHECK_AARCH64CPUFEATURES_H

typedef struct {
    char fFP;
    char fASIMD;
    char fEVTSTRM;
    char fAES;
    char fPMULL;
    char fSHA1;
    char fSHA2;
    char fCRC32;
    char fLSE;
    char fDCPOP;
    char fSHA3;
    char fSHA512;
    char fSVE;
    char fSVE2;
    char fSTXR_PREFETCH;
    char fA53MAC;
    char fDMB_ATOMICS;
    char fPACA;
    char fSVEBITPERM;
    char fFPHP;
    char fASIMDHP;
} CPUFeatures;

#endif
