-- Daily digests sent: one per address and day.

-- CreateTable
CREATE TABLE "DigestSent" (
    "email" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DigestSent_pkey" PRIMARY KEY ("email","day")
);

