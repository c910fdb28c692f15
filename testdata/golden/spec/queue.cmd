spec AWS::SQS::Queue
