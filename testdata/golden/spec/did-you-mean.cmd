spec AWS::SQS::Queu
