// What the reader shows about receipts and delivery (server component): the one-time question
// about a requested read receipt, and for a message in Sent that maeil submitted, the SMTP
// server's replies ("Delivery details").
import type { AccountRecord } from "@/lib/db/accounts";
import type { MessageDetail } from "@/lib/db/message-bodies";
import { readReceiptRequest } from "@/lib/mail/read-receipt";
import { getSubmissionByMessageId } from "@/lib/outbox/submissions";
import { DeliveryDetails } from "./delivery-details";
import { ReadReceiptPrompt } from "./read-receipt-prompt";

interface Props {
  account: AccountRecord;
  path: string;
  message: MessageDetail;
  specialUse: string | null;
}

export async function ReaderReceipts({ account, path, message, specialUse }: Props) {
  const [request, submission] = await Promise.all([
    readReceiptRequest(account, specialUse, message),
    specialUse === "\\Sent" && message.messageId ? getSubmissionByMessageId(account.id, message.messageId) : null,
  ]);
  if (!request && !submission) return null;
  return (
    <>
      {request && <ReadReceiptPrompt path={path} uid={message.uid} sender={request.sender} sendsTo={request.sendsTo} />}
      {submission && (
        <DeliveryDetails
          view={{
            transcript: submission.transcript,
            rejected: submission.rejected,
            queueId: submission.queueId,
            acceptedAt: submission.acceptedAt?.toISOString() ?? null,
          }}
        />
      )}
    </>
  );
}
