/*
 * Written for the native check (native-check/README.md), not taken from GraalVM.
 *
 * The image builder compiles a small C program against this header to learn
 * the layout of the struct behind the @CStruct interface
 * com.oracle.svm.core.amd64.AMD64LibCHelper$CPUFeatures (svm jar, 25.0.x):
 * one boolean field per CPU feature, all read with
 * @AllowNarrowingCast, so a one-byte char per field is enough. The field
 * names are the interface's method names. Only the layout matters to the
 * check; no code is linked against it. The builder reads the headers of all
 * architectures, whatever the target. DriverArgs.java verifies on every run
 * that the interface still has exactly these fields.
 */
#ifndef NATIVE_CHECK_AMD64CPUFEATURES_H
#define NATIVE_CHECK_AMD64CPUFEATURES_H

typedef struct {
    char fCX8;
    char fCMOV;
    char fFXSR;
    char fHT;
    char fMMX;
    char fAMD_3DNOW_PREFETCH;
    char fSSE;
    char fSSE2;
    char fSSE3;
    char fSSSE3;
    char fSSE4A;
    char fSSE4_1;
    char fSSE4_2;
    char fPOPCNT;
    char fLZCNT;
    char fTSC;
    char fTSCINV;
    char fTSCINV_BIT;
    char fAVX;
    char fAVX2;
    char fAES;
    char fERMS;
    char fCLMUL;
    char fBMI1;
    char fBMI2;
    char fRTM;
    char fADX;
    char fAVX512F;
    char fAVX512DQ;
    char fAVX512PF;
    char fAVX512ER;
    char fAVX512CD;
    char fAVX512BW;
    char fAVX512VL;
    char fSHA;
    char fFMA;
    char fVZEROUPPER;
    char fAVX512_VPOPCNTDQ;
    char fAVX512_VPCLMULQDQ;
    char fAVX512_VAES;
    char fAVX512_VNNI;
    char fFLUSH;
    char fFLUSHOPT;
    char fCLWB;
    char fAVX512_VBMI2;
    char fAVX512_VBMI;
    char fHV;
    char fSERIALIZE;
    char fRDTSCP;
    char fRDPID;
    char fFSRM;
    char fGFNI;
    char fAVX512_BITALG;
    char fPKU;
    char fOSPKE;
    char fCET_IBT;
    char fCET_SS;
    char fF16C;
    char fAVX512_IFMA;
    char fAVX_IFMA;
    char fAPX_F;
    char fSHA512;
    char fAVX512_FP16;
    char fAVX10_1;
    char fAVX10_2;
} CPUFeatures;

#endif
